greenlight_add_test(NAME tst_core_geo SOURCES tst_core_geo.cpp LIBS greenlight_core LABELS unit)
greenlight_add_test(NAME tst_core_signals SOURCES tst_core_signals.cpp LIBS greenlight_core LABELS unit)
greenlight_add_test(NAME tst_convert SOURCES tst_convert.cpp LIBS greenlight_convert LABELS unit)
greenlight_add_test(NAME tst_core_routing SOURCES tst_core_routing.cpp LIBS greenlight_core LABELS unit)
