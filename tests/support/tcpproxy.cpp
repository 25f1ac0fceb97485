#include "tcpproxy.h"

#include <QTcpSocket>

namespace greenlight::testing {

TcpProxy::TcpProxy(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpProxy::onNewConnection);
}

bool TcpProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void TcpProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        ++m_accepted;
        auto *upstream = new QTcpSocket(client);
        client->setParent(this);
        client->setObjectName(QStringLiteral("relayed"));
        connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] {
            if (upstream->state() == QAbstractSocket::ConnectedState)
                upstream->write(client->readAll());
        });
        connect(upstream, &QTcpSocket::connected, client, [client, upstream] {
            upstream->write(client->readAll());
        });
        connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }
}

void TcpProxy::cutAll()
{
    const auto relayed = findChildren<QTcpSocket *>(QStringLiteral("relayed"), Qt::FindDirectChildrenOnly);
    for (QTcpSocket *client : relayed) {
        for (QTcpSocket *upstream : client->findChildren<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly))
            upstream->abort();
        client->abort();
        client->deleteLater();
    }
}

} // namespace greenlight::testing
