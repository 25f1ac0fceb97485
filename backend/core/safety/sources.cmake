# Signal-safety core (signal-safety.md S1-S10), paths relative to backend/core.
set(GREENLIGHT_SAFETY_SOURCES
  safety/safetytext.h safety/safetytext.cpp
  safety/signaldisplay.h safety/signaldisplay.cpp
  safety/violation.h
  safety/programtiming.h safety/programtiming.cpp
  safety/transitionvalidator.h safety/transitionvalidator.cpp
  safety/transitionplanner.h safety/transitionplanner.cpp
  safety/monitorprogramme.h safety/monitorprogramme.cpp
  safety/conflictmonitor.h safety/conflictmonitor.cpp
  safety/leasetable.h safety/leasetable.cpp
  safety/freshnessguard.h safety/freshnessguard.cpp
  safety/overriderunner.h safety/overriderunner.cpp)
