# attack: leave a daemon thread running after the job "finished"
# expect: ok
import threading
import time


def linger():
    while True:
        time.sleep(0.01)


threading.Thread(target=linger, daemon=True).start()
print("main done")
