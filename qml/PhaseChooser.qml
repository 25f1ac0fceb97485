pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Picks the green phase to go to from a diagram of each phase of the selected intersection's
// programme; the live phase and the one an override holds are marked.
Popup {
    id: chooser

    required property SelectedControl control
    required property PhaseModel phases
    required property string intersectionName

    width: 520
    height: Math.min(implicitHeight, 720)
    implicitHeight: content.implicitHeight + topPadding + bottomPadding
    padding: Theme.margin
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    background: Rectangle {
        radius: Theme.radius
        color: Theme.panel
        border.color: Theme.controlHeld
        border.width: 2
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    ColumnLayout {
        id: content
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: qsTr("Go to phase — %1").arg(chooser.intersectionName)
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Choose the green phase to go to and hold. The change runs through the programme's yellow and all-red.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }

        ListView {
            id: list
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, 560)
            clip: true
            spacing: Theme.spacing / 2
            model: chooser.phases
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row
                required property int phaseIndex
                required property string name
                required property real duration
                required property var movements
                required property string summary
                required property bool current
                required property bool target

                width: ListView.view.width
                implicitHeight: 112
                radius: Theme.radius
                color: area.containsMouse ? Theme.panelHover : Theme.panelRaised
                border.color: row.target ? Theme.controlHeld : row.current ? Theme.signalGreen : Theme.border
                border.width: row.target || row.current ? 2 : 1

                RowLayout {
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    spacing: Theme.margin

                    PhaseDiagram {
                        movements: row.movements
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label {
                            text: qsTr("Phase %1").arg(row.phaseIndex + 1)
                            color: Theme.text
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: row.name.length > 0
                            text: row.name
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("%1 s in the programme").arg(Math.round(row.duration))
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                        }
                        Label {
                            visible: row.current || row.target
                            text: row.target ? qsTr("held by the override") : qsTr("showing now")
                            color: row.target ? Theme.controlHeld : Theme.signalGreen
                            font.pixelSize: Theme.fontSmall
                            font.bold: true
                        }
                    }
                }
                MouseArea {
                    id: area
                    objectName: "phaseChoice" + row.phaseIndex
                    anchors.fill: parent
                    hoverEnabled: true
                    cursorShape: Qt.PointingHandCursor
                    onClicked: {
                        chooser.control.goToPhase(row.phaseIndex)
                        chooser.close()
                    }
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: chooser.phases.count === 0
            text: qsTr("This programme has no green phase to go to.")
            color: Theme.textMuted
        }
    }
}
