# The console application end to end: a real gateway, the real console binary on Xvfb with the
# default (OpenGL, Mesa llvmpipe) scene graph, checked by its screenshot and its --self-test.
# Built like greenlight_add_test's tests, but run under xvfb-run and without the offscreen
# platform, which cannot show the map's custom geometry.
add_executable(tst_app_gui tst_app_gui.cpp)
target_link_libraries(tst_app_gui PRIVATE Qt6::Test Qt6::Gui greenlight_testsupport)
if(TARGET greenlight-gateway)
  set(_greenlight_gateway_bin "$<TARGET_FILE:greenlight-gateway>")
else()
  set(_greenlight_gateway_bin "")
endif()
add_dependencies(tst_app_gui greenlight)
target_compile_definitions(tst_app_gui PRIVATE
  GREENLIGHT_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
  GREENLIGHT_CONSOLE_BIN="$<TARGET_FILE:greenlight>"
  GREENLIGHT_GATEWAY_BIN="${_greenlight_gateway_bin}")

find_program(XVFB_RUN_EXECUTABLE xvfb-run)
# Registers a built GUI test: its binary in tests/, built after the gateway, run under xvfb-run on
# a 1920x1080 screen (without xvfb-run on whatever display there is, or it skips saying why).
function(greenlight_register_gui_test name timeout environment)
  if(TARGET greenlight-gateway)
    add_dependencies(${name} greenlight-gateway)
  endif()
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  if(XVFB_RUN_EXECUTABLE)
    add_test(NAME ${name} COMMAND ${XVFB_RUN_EXECUTABLE} -a -s "-screen 0 1920x1080x24" $<TARGET_FILE:${name}>)
  else()
    add_test(NAME ${name} COMMAND ${name})
  endif()
  set_tests_properties(${name} PROPERTIES LABELS gui TIMEOUT ${timeout} ENVIRONMENT "${environment}")
endfunction()

greenlight_register_gui_test(tst_app_gui 600 "QT_LOGGING_RULES=*.debug=false")

# Operator control in the console: a real gateway with users, the console logged in from the
# command line; run under xvfb-run like tst_app_gui.
add_executable(tst_control_gui tst_control_gui.cpp)
target_link_libraries(tst_control_gui PRIVATE Qt6::Test Qt6::Gui greenlight_testsupport greenlight_api gRPC::grpc++)
add_dependencies(tst_control_gui greenlight)
target_compile_definitions(tst_control_gui PRIVATE
  GREENLIGHT_CONSOLE_BIN="$<TARGET_FILE:greenlight>"
  GREENLIGHT_GATEWAY_BIN="${_greenlight_gateway_bin}")
greenlight_register_gui_test(tst_control_gui 600 "QT_LOGGING_RULES=*.debug=false")

# The green wave coordinator view, driven in the console's own composition root and QML (built
# into the test) against a real gateway; run under xvfb-run like tst_app_gui.
add_executable(tst_greenwave_gui tst_greenwave_gui.cpp
  ${PROJECT_SOURCE_DIR}/app/console/consoleapp.h ${PROJECT_SOURCE_DIR}/app/console/consoleapp.cpp
  ${PROJECT_SOURCE_DIR}/app/console/startupcheck.h ${PROJECT_SOURCE_DIR}/app/console/startupcheck.cpp)
target_include_directories(tst_greenwave_gui PRIVATE ${PROJECT_SOURCE_DIR}/app/console)
target_link_libraries(tst_greenwave_gui PRIVATE Qt6::Test Qt6::Gui Qt6::Quick Qt6::QuickControls2
  greenlight_console greenlight_qml greenlight_qmlplugin greenlight_widgetsplugin greenlight_testsupport)
target_compile_definitions(tst_greenwave_gui PRIVATE GREENLIGHT_GATEWAY_BIN="${_greenlight_gateway_bin}")
greenlight_register_gui_test(tst_greenwave_gui 180 "QT_QPA_PLATFORM=xcb;QT_LOGGING_RULES=*.debug=false")
