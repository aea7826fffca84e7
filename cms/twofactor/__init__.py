"""Two-factor authentication for the admin, on django-otp.

Everyone who can publish or see petition signers (rule.py) confirms a code
from an authenticator app after the password, once per session; ten
recovery codes, each usable once, stand in for a lost phone. The middleware
sends them to set up or verify from every admin URL; `manage.py
reset_two_factor USERNAME` removes a locked-out person's devices.
"""
