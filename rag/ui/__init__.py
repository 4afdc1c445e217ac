"""The Gradio chat UI: page layout, chat behaviour, rendering, background index jobs and serving."""
