# Integration tests of the gateway: the real greenlight-gateway process over loopback gRPC.
foreach(test tst_gateway tst_gateway_cli tst_gateway_scenarios tst_gateway_control tst_gateway_overrides
        tst_gateway_greenwave
        tst_gateway_storm)
  set(timeout 240)
  if(test STREQUAL "tst_gateway_storm")
    set(timeout 600) # two cities, a baseline and 2,000 commands each, paced in wall-clock time
  endif()
  greenlight_add_test(NAME ${test}
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
    LIBS greenlight_testsupport greenlight_core greenlight_api gRPC::grpc++ Qt6::Network
    LABELS integration TIMEOUT ${timeout}
    DEFINITIONS GREENLIGHT_GATEWAY_BIN="$<TARGET_FILE:greenlight-gateway>")
  add_dependencies(${test} greenlight-gateway)
  if(test STREQUAL "tst_gateway_scenarios")
    # Reads the scenarios' networks itself, to check the layout served against them.
    target_link_libraries(${test} PRIVATE greenlight_gateway greenlight_convert)
  endif()
endforeach()

# The green wave engine against SUMO in the test's own process (libsumo), as the gateway runs it.
greenlight_add_test(NAME tst_greenwave_engine
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_greenwave_engine.cpp
  LIBS greenlight_gateway greenlight_core Sumo::libsumo
  LABELS integration TIMEOUT 240)
