"""Events: meeting pages, their registration settings, and the public registration form."""
