"""Independent recomputation of the math module's numeric answers."""

import numpy as np

CHECKS = {
    "vectors-and-tensors.dot-product": lambda: float(np.dot([1, 2, 3], [4, -5, 6])),
}
