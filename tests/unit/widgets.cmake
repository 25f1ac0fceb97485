# Unit tests of the C++ widgets (QML module Greenlight.Widgets).
greenlight_add_test(NAME tst_citymap_geometry
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_citymap_geometry.cpp ${CMAKE_CURRENT_LIST_DIR}/tst_citymap_grid.cpp
  LIBS greenlight_widgets
  LABELS unit)
# Loads the module the way the app does: the static plugin plus Q_IMPORT_QML_PLUGIN.
greenlight_add_test(NAME tst_citymap
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_citymap.cpp ${CMAKE_CURRENT_LIST_DIR}/tst_citymap_grid.cpp
  LIBS greenlight_widgetsplugin greenlight_widgets greenlight_console Qt6::Qml Qt6::Quick
  LABELS unit)
# The map's green wave overlay: route, markers, picking a point.
greenlight_add_test(NAME tst_citymap_route
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_citymap_route.cpp ${CMAKE_CURRENT_LIST_DIR}/tst_citymap_grid.cpp
  LIBS greenlight_widgets greenlight_console
  LABELS unit TIMEOUT 60)
