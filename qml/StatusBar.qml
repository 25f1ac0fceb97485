import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// The bottom bar: which gateway, how the link stands, the simulation clock and the city's size.
Rectangle {
    id: bar

    readonly property GatewayLink link: Console.link
    readonly property StateStore store: Console.store
    readonly property bool live: link.status === GatewayLink.Connected
    readonly property ControlClient control: Console.control

    implicitHeight: Theme.statusBarHeight
    color: Theme.panel

    Rectangle {
        anchors.top: parent.top
        width: parent.width
        height: 1
        color: Theme.border
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        spacing: Theme.margin

        Label {
            text: qsTr("Gateway %1").arg(bar.link.address || qsTr("none"))
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }

        ConnectionBadge {
            link: bar.link
        }

        Label {
            objectName: "simClock"
            text: qsTr("Sim %1").arg(Format.clock(bar.store.hasLiveState ? bar.link.simTime : -1))
            color: Theme.text
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontNormal
        }

        Label {
            text: qsTr("last update %1 ago").arg(Format.age(bar.link.secondsSinceUpdate))
            visible: bar.link.secondsSinceUpdate >= 0
            color: bar.link.status === GatewayLink.Stale ? Theme.linkStale : Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }

        Label {
            text: bar.link.lastError
            visible: !bar.live && bar.link.lastError.length > 0
            color: Theme.textMuted
            elide: Text.ElideRight
            font.pixelSize: Theme.fontSmall
            Layout.fillWidth: true
            Layout.minimumWidth: 0
        }

        Item {
            Layout.fillWidth: true
            visible: bar.live || bar.link.lastError.length === 0
        }

        // Who is at the desk, or that anyone may control signals (demo mode).
        Rectangle {
            objectName: "operatorBadge"
            implicitWidth: operatorLabel.implicitWidth + 2 * Theme.spacing
            implicitHeight: operatorLabel.implicitHeight + Theme.spacing / 2
            radius: Theme.radius
            color: bar.control.demoMode ? Theme.demoBadge : Theme.panelRaised
            border.color: bar.control.loggedIn && !bar.control.demoMode ? Theme.controlMine : Theme.border

            Label {
                id: operatorLabel
                objectName: "operatorText"
                anchors.centerIn: parent
                text: {
                    switch (bar.control.loginState) {
                    case ControlClient.LoggedIn:
                        return bar.control.demoMode
                            ? qsTr("DEMO MODE")
                            : qsTr("%1 · %2").arg(bar.control.operatorName).arg(bar.control.roleName)
                    case ControlClient.NeedsLogin:
                        return qsTr("Not logged in")
                    case ControlClient.Identifying:
                        return qsTr("Logging in…")
                    }
                    return ""
                }
                color: Theme.text
                font.pixelSize: Theme.fontSmall
                font.bold: true
            }
            HoverHandler { id: operatorHover }
            ToolTip.visible: operatorHover.hovered && bar.control.demoMode
            ToolTip.text: qsTr("The gateway has no operator list: nobody logs in and everyone may control signals as %1.")
                              .arg(bar.control.roleName)
        }

        Label {
            objectName: "sessionText"
            // While the link is down the banner over the map says all there is to say.
            visible: bar.control.loggedIn && bar.live
            text: bar.control.sessionText
            color: bar.control.sessionState === ControlClient.SessionOpen ? Theme.textMuted : Theme.commandPending
            font.pixelSize: Theme.fontSmall
            elide: Text.ElideRight
            Layout.maximumWidth: 260
        }

        Label {
            text: bar.store.cityName
            visible: bar.store.hasLayout
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            font.bold: true
        }

        Label {
            text: qsTr("%1 intersections · %2 segments · %3 vehicles")
                    .arg(Format.count(bar.store.intersectionCount))
                    .arg(Format.count(bar.store.segmentCount))
                    .arg(Format.count(bar.store.vehicleCount))
            visible: bar.store.hasLayout
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
    }
}
