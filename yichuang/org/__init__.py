"""区划、中心、站点、部门、窗口、人员、AB岗、工作日 (org): where service happens and who gives it."""
