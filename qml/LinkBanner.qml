import QtQuick
import QtQuick.Controls
import Greenlight

// Says over the map, unmissably, when what it shows is not live.
Rectangle {
    id: banner

    required property GatewayLink link
    readonly property bool lost: link.status === GatewayLink.Reconnecting
    readonly property bool stale: link.status === GatewayLink.Stale
    readonly property bool connecting: link.status === GatewayLink.Connecting

    visible: lost || stale || connecting
    implicitWidth: Math.max(column.implicitWidth + 3 * Theme.margin, 420)
    implicitHeight: column.implicitHeight + 2 * Theme.margin
    radius: Theme.radius
    color: lost ? Theme.bannerLost : stale ? Theme.bannerStale : Theme.panelRaised
    border.color: Theme.text
    border.width: lost || stale ? 0 : 1

    Column {
        id: column
        anchors.centerIn: parent
        spacing: 4

        Label {
            objectName: "linkBannerTitle"
            anchors.horizontalCenter: parent.horizontalCenter
            text: banner.lost ? qsTr("Link to gateway lost — reconnecting…")
                : banner.stale ? qsTr("No data from the gateway — the map is not live")
                : qsTr("Connecting to the gateway at %1…").arg(banner.link.address)
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
        }

        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            text: banner.link.statusText
            visible: banner.lost || banner.stale
            color: Theme.text
            font.pixelSize: Theme.fontNormal
        }
    }
}
