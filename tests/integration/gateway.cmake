# Integration tests of the gateway: the real greenlight-gateway process over loopback gRPC.
foreach(test tst_gateway tst_gateway_cli tst_gateway_scenarios tst_gateway_control tst_gateway_overrides)
  greenlight_add_test(NAME ${test}
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
    LIBS greenlight_testsupport greenlight_core greenlight_api gRPC::grpc++ Qt6::Network
    LABELS integration TIMEOUT 240
    DEFINITIONS GREENLIGHT_GATEWAY_BIN="$<TARGET_FILE:greenlight-gateway>")
  add_dependencies(${test} greenlight-gateway)
endforeach()
