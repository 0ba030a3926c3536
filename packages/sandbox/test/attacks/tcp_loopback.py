# attack: connect to a TCP server on loopback (the test listens on the port given on stdin)
# expect: blocked
# kernel: runtime_error PermissionError
# stdin: port
import socket

port = int(input())
with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
    connection.sendall(b"ESCAPED")
print("ESCAPED")
