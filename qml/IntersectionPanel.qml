import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// The right-hand panel: the selected intersection's live phase and movements, or, with nothing
// selected, how to select one and what the city holds.
Rectangle {
    id: panel

    required property SelectedIntersection selection
    required property SelectedControl control

    // The operator asked to bring the selection into view.
    signal centreRequested()
    // The operator asked to take control (or take over), to choose a phase, to flash.
    signal takeControlRequested(bool takeOver)
    signal goToPhaseRequested()
    signal flashRequested()

    color: Theme.panel

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.margin
        visible: panel.selection.valid

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                text: qsTr("SELECTED INTERSECTION")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.letterSpacing: 1
            }
            Label {
                objectName: "selectedName"
                Layout.fillWidth: true
                text: panel.selection.name
                color: Theme.text
                font.pixelSize: Theme.fontTitle
                font.bold: true
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing

                Label {
                    Layout.fillWidth: true
                    text: panel.selection.intersectionId
                    color: Theme.textMuted
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideMiddle
                }
                Button {
                    text: qsTr("Centre")
                    focusPolicy: Qt.NoFocus
                    font.pixelSize: Theme.fontSmall
                    onClicked: panel.centreRequested()
                }
            }
        }

        PhaseCard {
            Layout.fillWidth: true
            selection: panel.selection
            overridden: panel.control.hasOverride
            overrideText: panel.control.overrideText
        }

        ControlCard {
            Layout.fillWidth: true
            control: panel.control
            onTakeControlRequested: takeOver => panel.takeControlRequested(takeOver)
            onGoToPhaseRequested: panel.goToPhaseRequested()
            onFlashRequested: panel.flashRequested()
        }

        Label {
            text: qsTr("MOVEMENTS (%1)").arg(panel.selection.movements.count)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.letterSpacing: 1
        }

        ListView {
            id: movements
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 2
            model: panel.selection.movements
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            section.property: "approachLabel"
            section.criteria: ViewSection.FullString
            section.delegate: Label {
                required property string section
                width: ListView.view.width
                topPadding: Theme.spacing
                bottomPadding: 2
                text: section
                color: Theme.text
                font.pixelSize: Theme.fontSmall
                font.bold: true
                elide: Text.ElideRight
            }
            delegate: MovementDelegate {
                width: ListView.view.width
            }
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("Esc clears the selection")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.margin * 1.5
        visible: !panel.selection.valid

        Label {
            objectName: "selectionHint"
            Layout.fillWidth: true
            text: qsTr("Click an intersection or press Ctrl+F to search")
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            wrapMode: Text.Wrap
        }

        CityStats {
            Layout.fillWidth: true
        }

        Legend {
            Layout.fillWidth: true
        }

        Item {
            Layout.fillHeight: true
        }

        ShortcutHelp {
            Layout.fillWidth: true
        }
    }
}
