import QtQuick
import QtQuick.Controls
import Greenlight

// A square button floating over the map, showing a text glyph or a drawn one.
Button {
    id: button

    property string toolTipText
    // Drawn instead of the text when set.
    property Component glyph
    // The button's fill and text colour.
    property color fill: Theme.overlay
    property color textColour: Theme.text

    implicitWidth: 40
    implicitHeight: 40
    focusPolicy: Qt.NoFocus
    font.pixelSize: Theme.fontLarge
    font.bold: true
    ToolTip.visible: hovered && toolTipText.length > 0
    ToolTip.text: toolTipText
    ToolTip.delay: 500

    contentItem: Item {
        Text {
            anchors.centerIn: parent
            visible: !button.glyph
            text: button.text
            font: button.font
            color: button.textColour
        }
        Loader {
            anchors.centerIn: parent
            sourceComponent: button.glyph
        }
    }
    background: Rectangle {
        radius: Theme.radius
        color: button.down ? Theme.panelHover : button.fill
        border.color: button.hovered ? Theme.accent : Theme.border
        border.width: 1
    }
}
