"""Test harnesses that run the product's code to destruction (kills in the middle of a save or a
send, mutated bundles). They are not part of the product: no package imports them, pyproject does
not install them and the installer leaves them out; tests/ and scripts/ use them."""
