# attack: send a UDP datagram to the test's listener on loopback
# expect: blocked
# kernel: runtime_error PermissionError
# stdin: port
import socket

port = int(input())
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"ESCAPED", ("127.0.0.1", port))
print("ESCAPED")
