"""申请人、代办授权、电子证照 (people): applicants reused across cases by ID number, agents' mandates
(帮办代办 / 委托代理) and the e-licence store. Sits above catalog and below cases."""
