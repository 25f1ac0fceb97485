# Unit tests of the gateway's pure pieces: no SUMO run, no network beyond loopback.
greenlight_add_test(NAME tst_gateway_livehub
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gateway_livehub.cpp
  LIBS greenlight_gateway
  LABELS unit)
greenlight_add_test(NAME tst_gateway_netreader
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gateway_netreader.cpp
  LIBS greenlight_gateway ZLIB::ZLIB
  LABELS unit)
greenlight_add_test(NAME tst_gateway_citygenerator
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gateway_citygenerator.cpp
  LIBS greenlight_gateway
  LABELS unit)
greenlight_add_test(NAME tst_gateway_options
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gateway_options.cpp
  LIBS greenlight_gateway Qt6::Network
  LABELS unit)
greenlight_add_test(NAME tst_gateway_synthetic
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gateway_synthetic.cpp
  LIBS greenlight_gateway
  LABELS unit)
greenlight_add_test(NAME tst_gateway_users
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gateway_users.cpp
  LIBS greenlight_gateway
  LABELS unit)
find_package(SQLite3 REQUIRED)
greenlight_add_test(NAME tst_gateway_audit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gateway_audit.cpp
  LIBS greenlight_gateway SQLite::SQLite3
  LABELS unit)
