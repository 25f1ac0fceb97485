import QtQuick
import QtQuick.Controls
import Greenlight

// A coloured pill saying how the link to the gateway stands.
Rectangle {
    id: badge

    required property GatewayLink link
    readonly property color tone: Theme.linkColour(link.status)

    implicitWidth: row.implicitWidth + 2 * Theme.spacing + 4
    implicitHeight: 26
    radius: height / 2
    color: Qt.rgba(tone.r, tone.g, tone.b, 0.18)
    border.color: tone
    border.width: 1

    Row {
        id: row
        anchors.centerIn: parent
        spacing: Theme.spacing

        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            width: 10
            height: 10
            radius: 5
            color: badge.tone
        }

        Label {
            objectName: "linkStatus"
            anchors.verticalCenter: parent.verticalCenter
            text: badge.link.statusText
            color: Theme.text
            font.pixelSize: Theme.fontSmall
            font.bold: true
        }
    }
}
