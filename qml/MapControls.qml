import QtQuick
import Greenlight

// Zoom, fit and search buttons over the map.
Column {
    id: controls

    signal zoomIn()
    signal zoomOut()
    signal fit()
    signal search()
    signal controls()

    // Intersections under operator control now, shown on the list button.
    property int controlCount: 0

    spacing: Theme.spacing

    MapButton {
        text: "+"
        toolTipText: qsTr("Zoom in (+)")
        onClicked: controls.zoomIn()
    }
    MapButton {
        text: "\u2212"
        toolTipText: qsTr("Zoom out (−)")
        onClicked: controls.zoomOut()
    }
    MapButton {
        text: "\u2922"
        toolTipText: qsTr("Fit the city (0)")
        onClicked: controls.fit()
    }
    MapButton {
        objectName: "controlsButton"
        text: controls.controlCount > 0 ? String(controls.controlCount) : "\u2691"
        toolTipText: qsTr("Leases and overrides in force (L)")
        fill: controls.controlCount > 0 ? Theme.controlHeld : Theme.overlay
        textColour: controls.controlCount > 0 ? Theme.background : Theme.text
        onClicked: controls.controls()
    }
    MapButton {
        toolTipText: qsTr("Search intersections (Ctrl+F)")
        onClicked: controls.search()
        glyph: Item {
            implicitWidth: 20
            implicitHeight: 20

            Rectangle {
                x: 1
                y: 1
                width: 13
                height: 13
                radius: width / 2
                color: Theme.clear
                border.color: Theme.text
                border.width: 2.5
            }
            Rectangle {
                x: 11.5
                y: 14
                width: 9
                height: 3
                radius: 1.5
                color: Theme.text
                rotation: 45
                transformOrigin: Item.Left
            }
        }
    }
}
