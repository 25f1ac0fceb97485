#pragma once

#include <QLoggingCategory>

// Logging categories of the gateway; messages go to stderr prefixed with the category name.
Q_DECLARE_LOGGING_CATEGORY(lcGateway)  // greenlight.gateway: startup, serving, shutdown
Q_DECLARE_LOGGING_CATEGORY(lcLive)     // greenlight.live: the live hub and its subscribers
Q_DECLARE_LOGGING_CATEGORY(lcSumo)     // greenlight.sumo: the SUMO adapter and city generator
Q_DECLARE_LOGGING_CATEGORY(lcControl)  // greenlight.control: users, leases and the audit log
