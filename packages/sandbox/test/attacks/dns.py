# attack: resolve a host name (DNS leaves the machine)
# expect: blocked
# kernel: runtime_error
import socket

print(socket.getaddrinfo("example.com", 80))
print("ESCAPED")
