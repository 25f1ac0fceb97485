# The console's unit tests: state store, models, link (against a scripted in-process gateway).
greenlight_add_test(NAME tst_console_statestore
  SOURCES tst_console_statestore.cpp tst_console_fixtures.h
  LIBS greenlight_console LABELS unit)
greenlight_add_test(NAME tst_console_models
  SOURCES tst_console_models.cpp tst_console_fixtures.h
  LIBS greenlight_console LABELS unit)
greenlight_add_test(NAME tst_console_control
  SOURCES tst_console_control.cpp tst_console_fixtures.h
  LIBS greenlight_console LABELS unit)
greenlight_add_test(NAME tst_console_control_retry
  SOURCES tst_console_control_retry.cpp tst_console_fixtures.h
  LIBS greenlight_console LABELS unit TIMEOUT 60)
greenlight_add_test(NAME tst_console_link_unit
  SOURCES tst_console_link_unit.cpp
  LIBS greenlight_console LABELS unit)
greenlight_add_test(NAME tst_console_link
  SOURCES tst_console_link.cpp tst_console_fixtures.h
  LIBS greenlight_console LABELS unit TIMEOUT 120)
greenlight_add_test(NAME tst_console_greenwave
  SOURCES tst_console_greenwave.cpp tst_console_fixtures.h
  LIBS greenlight_console LABELS unit TIMEOUT 60)
