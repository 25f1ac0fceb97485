#include "logging.h"

Q_LOGGING_CATEGORY(lcGateway, "greenlight.gateway", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLive, "greenlight.live", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSumo, "greenlight.sumo", QtInfoMsg)
Q_LOGGING_CATEGORY(lcControl, "greenlight.control", QtInfoMsg)
