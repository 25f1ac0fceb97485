greenlight_add_test(NAME tst_link_gateway
  SOURCES tst_link_gateway.cpp
  LIBS greenlight_console greenlight_testsupport Sumo::libsumo
  LABELS integration TIMEOUT 400
  DEFINITIONS GREENLIGHT_GATEWAY_BIN="$<TARGET_FILE:greenlight-gateway>")
add_dependencies(tst_link_gateway greenlight-gateway)
greenlight_add_test(NAME tst_control_client
  SOURCES tst_control_client.cpp
  LIBS greenlight_console greenlight_testsupport
  LABELS integration TIMEOUT 300
  DEFINITIONS GREENLIGHT_GATEWAY_BIN="$<TARGET_FILE:greenlight-gateway>")
add_dependencies(tst_control_client greenlight-gateway)
greenlight_add_test(NAME tst_greenwave_client
  SOURCES tst_greenwave_client.cpp
  LIBS greenlight_console greenlight_testsupport
  LABELS integration TIMEOUT 240
  DEFINITIONS GREENLIGHT_GATEWAY_BIN="$<TARGET_FILE:greenlight-gateway>")
add_dependencies(tst_greenwave_client greenlight-gateway)
