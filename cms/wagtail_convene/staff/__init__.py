"""Staff sign-in beyond the password (issue 16, path 4): a mandatory second factor for
everyone who reaches the admin (an authenticator app, a security key or passkey, one-time
recovery codes; django-otp and django-otp-webauthn do the protocols), sessions that end
after eight hours, and a password reset that is limited per account and per address and
mailed through the mailer service."""
