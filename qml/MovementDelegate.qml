import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// One movement of the selected intersection: its live colour and where it goes. The approach it
// comes from is the list's section header.
Rectangle {
    id: row

    required property int index
    required property string turn
    required property string turnSymbol
    required property string toStreet
    required property int laneNumber
    required property bool pedestrian
    required property string colourName
    required property string colourKey

    implicitHeight: 44
    radius: Theme.radius
    color: Theme.panelRaised

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacing
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacing

        Rectangle {
            objectName: "colourChip"
            implicitWidth: Theme.chipSize + 4
            implicitHeight: Theme.chipSize + 4
            radius: 4
            color: Theme.signalColour(row.colourKey)
            border.color: Theme.background
            border.width: 1
        }

        Label {
            Layout.minimumWidth: 20
            text: row.turnSymbol
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            horizontalAlignment: Text.AlignHCenter
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                Layout.fillWidth: true
                text: row.pedestrian ? qsTr("across %1").arg(row.toStreet) : qsTr("to %1").arg(row.toStreet)
                color: Theme.text
                font.pixelSize: Theme.fontNormal
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: row.laneNumber > 0 && !row.pedestrian ? qsTr("%1 · lane %2").arg(row.turn).arg(row.laneNumber)
                                                            : row.turn
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideRight
            }
        }

        Label {
            text: row.colourName
            color: Theme.signalColour(row.colourKey)
            font.pixelSize: Theme.fontSmall
            font.bold: true
        }
    }
}
