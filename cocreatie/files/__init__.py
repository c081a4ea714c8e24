"""Header images and attachments: uploads checked by their content, kept in a file
storage under random names, served only to whoever may see the page they belong to."""
