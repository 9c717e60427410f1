// Tailwind CSS 4 through PostCSS; no other plugin needed.
const config = {
  plugins: { "@tailwindcss/postcss": {} },
};

export default config;
