pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Find an intersection by name or id: type, move with the arrow keys, Enter or click to choose.
Popup {
    id: popup

    readonly property IntersectionSearchModel results: Console.search

    // The operator chose intersection `index` (a layout index).
    signal chosen(int index)

    function choose(row: int) {
        const index = results.intersectionAt(row)
        if (index < 0)
            return
        chosen(index)
        close()
    }

    width: 560
    height: Math.min(implicitHeight, 520)
    implicitHeight: content.implicitHeight + topPadding + bottomPadding
    padding: Theme.spacing
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: {
        field.text = ""
        field.forceActiveFocus()
        list.currentIndex = 0
    }
    onClosed: results.query = ""

    background: Rectangle {
        radius: Theme.radius
        color: Theme.panel
        border.color: Theme.accent
        border.width: 1
    }

    Overlay.modal: Rectangle {
        color: Theme.overlay
    }

    ColumnLayout {
        id: content
        anchors.fill: parent
        spacing: Theme.spacing

        TextField {
            id: field
            objectName: "searchField"
            Layout.fillWidth: true
            placeholderText: qsTr("Search intersections by name or id")
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            selectByMouse: true
            background: Rectangle {
                radius: Theme.radius
                color: Theme.panelRaised
                border.color: field.activeFocus ? Theme.accent : Theme.border
            }
            onTextChanged: {
                popup.results.query = text
                list.currentIndex = 0
            }
            Keys.onDownPressed: list.incrementCurrentIndex()
            Keys.onUpPressed: list.decrementCurrentIndex()
            Keys.onReturnPressed: popup.choose(list.currentIndex)
            Keys.onEnterPressed: popup.choose(list.currentIndex)
        }

        Label {
            text: popup.results.count === 0 ? qsTr("No intersection matches")
                : popup.results.count === 1 ? qsTr("1 match") : qsTr("%1 matches").arg(popup.results.count)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }

        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: Math.min(contentHeight, 400)
            clip: true
            model: popup.results
            highlightMoveDuration: 0
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            delegate: ItemDelegate {
                id: item

                required property int index
                required property string name
                required property string intersectionId
                required property int groupCount
                required property string summaryColour

                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                onClicked: popup.choose(item.index)

                background: Rectangle {
                    radius: Theme.radius
                    color: item.highlighted ? Theme.panelHover : item.hovered ? Theme.panelRaised : Theme.clear
                    border.color: item.highlighted ? Theme.accent : Theme.clear
                }

                contentItem: RowLayout {
                    spacing: Theme.spacing

                    Rectangle {
                        implicitWidth: Theme.chipSize
                        implicitHeight: Theme.chipSize
                        radius: Theme.chipSize / 2
                        color: Theme.signalColour(item.summaryColour)
                    }
                    Label {
                        Layout.fillWidth: true
                        text: item.name
                        color: Theme.text
                        font.pixelSize: Theme.fontNormal
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.maximumWidth: 180
                        text: item.intersectionId
                        color: Theme.textMuted
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideMiddle
                    }
                }
            }
        }
    }
}
