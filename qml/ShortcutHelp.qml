import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// The keyboard shortcuts, listed for the operator.
ColumnLayout {
    spacing: 4

    Label {
        text: qsTr("KEYBOARD")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        font.letterSpacing: 1
    }

    Repeater {
        model: [
            { keys: qsTr("Ctrl+F  or  /"), action: qsTr("Search intersections") },
            { keys: qsTr("+  or  −"), action: qsTr("Zoom in or out") },
            { keys: qsTr("0  or  F"), action: qsTr("Fit the city") },
            { keys: qsTr("Esc"), action: qsTr("Clear the selection") },
            { keys: qsTr("T"), action: qsTr("Take control") },
            { keys: qsTr("H  or  A"), action: qsTr("Hold or advance") },
            { keys: qsTr("G"), action: qsTr("Go to a phase") },
            { keys: qsTr("Shift+F"), action: qsTr("Flash (asks first)") },
            { keys: qsTr("R"), action: qsTr("Restore programme") },
            { keys: qsTr("L"), action: qsTr("Who controls what") },
            { keys: qsTr("W"), action: qsTr("Green waves (coordinator)") },
            { keys: qsTr("Ctrl+Q"), action: qsTr("Quit") }
        ]
        delegate: RowLayout {
            id: shortcut
            required property var modelData
            spacing: Theme.margin

            Label {
                Layout.preferredWidth: 120
                text: shortcut.modelData.keys
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
            }
            Label {
                Layout.fillWidth: true
                text: shortcut.modelData.action
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
    }
}
