#include "gatewayapp.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("greenlight-gateway"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GREENLIGHT_GATEWAY_VERSION));
    return greenlight::gateway::runGateway(QCoreApplication::arguments());
}
