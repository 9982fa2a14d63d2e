"""申请人、代办授权、电子证照 (people). Bounded context of the architecture; its models and services arrive with issue 3."""
