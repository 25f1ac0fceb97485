# Rendering tests of the C++ widgets: real OpenGL (Mesa llvmpipe) under Xvfb. The software
# scene graph draws no custom geometry and the offscreen platform may give no OpenGL, so these
# run on xcb inside xvfb-run, and skip themselves when no OpenGL context can be made.
find_program(XVFB_RUN_EXECUTABLE xvfb-run)

add_executable(tst_citymap_render
  ${CMAKE_CURRENT_LIST_DIR}/tst_citymap_render.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../unit/tst_citymap_grid.cpp)
target_link_libraries(tst_citymap_render PRIVATE Qt6::Test Qt6::Quick greenlight_widgets greenlight_console)
target_compile_definitions(tst_citymap_render PRIVATE GREENLIGHT_MAP_SHOTS_DIR="${CMAKE_BINARY_DIR}/tests")
set_target_properties(tst_citymap_render PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
if(XVFB_RUN_EXECUTABLE)
  add_test(NAME tst_citymap_render
    COMMAND ${XVFB_RUN_EXECUTABLE} -a -s "-screen 0 1920x1080x24" $<TARGET_FILE:tst_citymap_render>)
  set(_citymap_render_platform xcb)
else()
  add_test(NAME tst_citymap_render COMMAND tst_citymap_render)
  set(_citymap_render_platform offscreen)
endif()
set_tests_properties(tst_citymap_render PROPERTIES LABELS gui TIMEOUT 120
  ENVIRONMENT "QT_QPA_PLATFORM=${_citymap_render_platform};QT_LOGGING_RULES=*.debug=false")
