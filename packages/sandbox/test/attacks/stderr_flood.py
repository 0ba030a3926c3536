# attack: flood stderr
# expect: output_limit
# limits: outputBytes=4096
import sys

while True:
    sys.stderr.write("B" * 65536)
