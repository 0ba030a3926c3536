/** Programs the tracer is checked on (tracer.test.ts): each against a plain sys.settrace reference. */
export const PROGRAMS: Record<string, string> = {
  recursion: `def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

print(fact(5))
`,
  generator: `def countdown(n):
    while n > 0:
        yield n
        n -= 1

total = 0
for value in countdown(3):
    total += value
squares = [x * x for x in range(3)]
print(total, squares)
`,
  caught: `def risky(x):
    if x < 0:
        raise ValueError("negative: " + str(x))
    return x

try:
    risky(-2)
except ValueError as error:
    message = str(error)
print(message)
`,
  uncaught: `def inner(d):
    return d["missing"]

def outer():
    return inner({"present": 1})

print("before")
outer()
print("never")
`,
  classes: `class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx):
        return Point(self.x + dx, self.y)

p = Point(1, 2)
q = p.moved(3)
print(q.x, q.y)
`,
  closures: `def make_counter():
    count = 0
    def bump():
        nonlocal count
        count += 1
        return count
    return bump

counter = make_counter()
counter()
counter()
print(counter())
`,
  aliasing: `a = b = []
a.append(1)
c = [a, a]
b.append(2)
print(a, c)
`,
  long_values: `numbers = list(range(10000))
text = "x" * 1000
table = {i: str(i) for i in range(100)}
print(len(numbers), len(text), len(table))
`,
  hostile: `import sys

class Hostile:
    def __repr__(self):
        sys.stdout.write("HOSTILE-repr\\n")
        return "h"
    def __str__(self):
        sys.stdout.write("HOSTILE-str\\n")
        return "h"
    def __eq__(self, other):
        sys.stdout.write("HOSTILE-eq\\n")
        return True
    def __hash__(self):
        sys.stdout.write("HOSTILE-hash\\n")
        return 1
    def __getattr__(self, name):
        sys.stdout.write("HOSTILE-getattr\\n")
        raise AttributeError(name)
    def __getattribute__(self, name):
        sys.stdout.write("HOSTILE-getattribute\\n")
        return object.__getattribute__(self, name)
    def __len__(self):
        sys.stdout.write("HOSTILE-len\\n")
        return 1
    def __iter__(self):
        sys.stdout.write("HOSTILE-iter\\n")
        return iter([])

class Meta(type):
    def __eq__(cls, other):
        sys.stdout.write("HOSTILE-meta-eq\\n")
        return True
    def __hash__(cls):
        sys.stdout.write("HOSTILE-meta-hash\\n")
        return 1
    def __repr__(cls):
        sys.stdout.write("HOSTILE-meta-repr\\n")
        return "M"

class Odd(metaclass=Meta):
    @property
    def __dict__(self):
        sys.stdout.write("HOSTILE-dict-property\\n")
        return {}

class Key(str):
    def __eq__(self, other):
        sys.stdout.write("HOSTILE-key-eq\\n")
        return False
    def __hash__(self):
        return hash("__dict__")

class Loud(list):
    def __iter__(self):
        sys.stdout.write("HOSTILE-list-iter\\n")
        return iter([])
    def __len__(self):
        sys.stdout.write("HOSTILE-list-len\\n")
        return 0

class Boom(Exception):
    def __str__(self):
        sys.stdout.write("HOSTILE-exception-str\\n")
        return "boom"

h = Hostile()
box = [h, Odd(), Odd, Loud([1, 2])]
odd = Odd()
odd_state = object.__getattribute__
holder = {"h": h}
weird = {}
weird[Key("k")] = 1
try:
    raise Boom(h)
except Boom:
    pass
done = True
print("end")
`,
};
