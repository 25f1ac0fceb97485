// The floor under every view: a window-sized background and one small square that moves each
// frame, so every frame is drawn and swapped, with nothing else to draw.
import QtQuick

Rectangle {
    property real panX: 0
    property real zoom: 1
    color: "#161b22"

    Rectangle {
        x: 100 + parent.panX
        y: 100
        width: 8
        height: 8
        color: "#2ea043"
    }
}
