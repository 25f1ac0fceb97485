#pragma once

#include <QObject>
#include <QTcpServer>

namespace greenlight::testing {

// A loopback TCP relay standing in for the network between console and gateway: tests cut it to
// drop every connection at once, as a failing link would.
class TcpProxy : public QObject
{
    Q_OBJECT
public:
    explicit TcpProxy(quint16 targetPort, QObject *parent = nullptr);

    // Listens on a free loopback port; false if that fails.
    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    // Drops every relayed connection (new ones are still accepted).
    void cutAll();
    // Connections relayed so far.
    int connectionsAccepted() const { return m_accepted; }

private:
    void onNewConnection();

    QTcpServer m_server;
    quint16 m_targetPort;
    int m_accepted = 0;
};

} // namespace greenlight::testing
