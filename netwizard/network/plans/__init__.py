"""What an admin does with a checked network: the commands that apply it on the host
(`apply`) and the switch-side configuration its bonds and VLANs need (`switch_side`)."""
