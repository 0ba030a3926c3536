# attack: leave the runner a report page it cannot parse (a 30 000-deep JSON nesting, then bytes that are not UTF-8) and fail, hoping for internal_error
# expect: runtime_error
# kernel: runtime_error
import struct
import sys

frame, page = sys._getframe(), None
while frame is not None and page is None:
    report = frame.f_locals.get("report")
    page = getattr(report, "page", None)
    frame = frame.f_back
if page is not None:
    deep = b"[" * 30000 + b"]" * 30000
    page.seek(0)
    page.write(struct.pack("<I", len(deep)) + deep)
    print("page: 30000 deep")
raise SystemExit(3)
