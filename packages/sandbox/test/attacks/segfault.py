# attack: crash the interpreter (a fault must stay in the job, not take the runner down)
# expect: runtime_error SIGSEGV
import faulthandler

faulthandler.disable()
faulthandler._sigsegv()
