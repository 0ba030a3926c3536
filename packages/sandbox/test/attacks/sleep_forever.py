# attack: hold a runner by sleeping forever (no CPU used, so only the wall clock stops it)
# expect: time_limit
# limits: wallMs=1000
import time

time.sleep(10**6)
