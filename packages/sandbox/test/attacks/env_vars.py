# attack: read the environment (the test gives the runner a secret; it must not be here)
# expect: ok
import os

print(dict(os.environ))
