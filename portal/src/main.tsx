import { render } from 'preact';
import { App } from './app';
import { initLang } from './i18n';
import './styles.css';

initLang();
const root = document.getElementById('app');
if (root) render(<App />, root);
