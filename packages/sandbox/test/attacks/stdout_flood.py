# attack: flood stdout
# expect: output_limit
# limits: outputBytes=4096
import sys

while True:
    sys.stdout.write("A" * 65536)
