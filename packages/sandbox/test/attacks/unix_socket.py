# attack: talk to a local daemon over a unix socket
# expect: blocked
# kernel: runtime_error PermissionError
import socket

client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
client.connect("/run/systemd/private")
print("ESCAPED")
