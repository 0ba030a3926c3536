# attack: spin on the CPU forever
# expect: time_limit
# limits: wallMs=1000
while True:
    pass
