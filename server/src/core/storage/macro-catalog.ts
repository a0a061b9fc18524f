/**
 * Built-in Confluence Server/Data Center macros: how each is stored and what the Cloud
 * editor does with it. This is data, not logic; the legacy list is the default of a
 * user-editable setting because Atlassian publishes no authoritative list.
 */

export type MacroBody = 'rich' | 'plain' | 'none';

export interface MacroInfo {
  /** Storage name (`ac:name`). */
  readonly name: string;
  /** Name shown in the macro browser. */
  readonly title: string;
  readonly body: MacroBody;
  /** Main parameters, in the order the macro browser lists them. */
  readonly params: readonly string[];
  /** How the Cloud editor represents it, in a few words. */
  readonly cloud: string;
}

const m = (name: string, title: string, body: MacroBody, params: string, cloud: string): MacroInfo => ({
  name,
  title,
  body,
  params: params ? params.split(',') : [],
  cloud,
});

/** Every built-in macro we know, sorted by name. */
export const BUILT_IN_MACROS: readonly MacroInfo[] = [
  m('anchor', 'Anchor', 'none', '', 'extension (anchor)'),
  m('attachments', 'Attachments', 'none', 'patterns,old,upload,sortBy,sortOrder,labels,preview,page', 'extension'),
  m('blog-posts', 'Blog Posts', 'none', 'max,content,spaces,labels,author,time,sort,reverse,type', 'extension'),
  m('change-history', 'Change History', 'none', 'limit', 'extension'),
  m('chart', 'Chart', 'rich', 'type,title,subTitle,width,height,orientation,dataOrientation,3D,stacked,legend,xLabel,yLabel', 'bodiedExtension'),
  m('cheese', 'Cheese', 'none', '', 'extension'),
  m('children', 'Children Display', 'none', 'all,depth,style,sort,reverse,first,page,excerptType', 'extension'),
  m('code', 'Code Block', 'plain', 'language,title,collapse,linenumbers,firstline,theme', 'codeBlock'),
  m('column', 'Column', 'rich', 'width', 'layoutColumn (inside a layout)'),
  m('content-by-user', 'Content by User', 'none', 'name', 'none'),
  m('content-report-table', 'Content Report Table', 'none', 'labels,spaces,maxResults,showCommentsCount,showLikesCount,blankTitle,blankDescription', 'extension'),
  m('contentbylabel', 'Content by Label', 'none', 'labels,spaces,type,max,sort,reverse,showLabels,showSpace,title,excerptType,cql', 'extension'),
  m('contributors', 'Contributors', 'none', 'include,order,limit,showCount,showLastTime,mode,scope,labels,spaces,contentType,page', 'extension'),
  m('contributors-summary', 'Contributors Summary', 'none', 'columns,groupby,limit,order,reverse,showAnonymous,showZeroCounts,spaces,labels', 'extension'),
  m('create-from-template', 'Create from Template', 'none', 'templateName,templateId,buttonLabel,spaceKey,title,blueprintModuleCompleteKey,contentBlueprintId', 'extension'),
  m('create-space-button', 'Create Space Button', 'none', 'size,width,height', 'none'),
  m('detailssummary', 'Page Properties Report', 'none', 'cql,label,spaces,headings,firstcolumn,sortBy,reverse,pageSize', 'extension'),
  m('details', 'Page Properties', 'rich', 'id,hidden', 'bodiedExtension (details)'),
  m('excerpt', 'Excerpt', 'rich', 'hidden,atlassian-macro-output-type,name', 'bodiedExtension'),
  m('excerpt-include', 'Excerpt Include', 'none', ',nopanel,name', 'extension'),
  m('expand', 'Expand', 'rich', 'title', 'expand / nestedExpand'),
  m('favpages', 'Favourite Pages', 'none', 'maxResults', 'none'),
  m('gadget', 'Gadget', 'none', 'url,preferences,width,border', 'none'),
  m('gallery', 'Gallery', 'none', 'title,columns,exclude,include,page,sort,reverse,includeLabel,excludeLabel', 'none'),
  m('global-reports', 'Global Reports', 'none', 'width', 'none'),
  m('html', 'HTML', 'plain', '', 'none'),
  m('html-include', 'HTML Include', 'none', 'url', 'none'),
  m('im', 'Status of IM User', 'none', 'pg,showstatus', 'none'),
  m('include', 'Include Page', 'none', '', 'extension'),
  m('index', 'Page Index', 'none', '', 'none'),
  m('info', 'Info', 'rich', 'title,icon', 'panel (info)'),
  m('jira', 'Jira Issues', 'none', 'key,jqlQuery,server,serverId,columns,columnIds,maximumIssues,count', 'extension (jira)'),
  m('jirachart', 'Jira Chart', 'none', 'chartType,jql,statType,serverId,server,width,border,showinfor,isAuthenticated', 'extension'),
  m('jiraissues', 'Jira Issues (old)', 'none', 'url,columns,count,cache,height,width,renderMode,anonymous,title', 'extension (jira)'),
  m('listlabels', 'Labels List', 'none', 'spaceKey,excludedLabels', 'extension'),
  m('livesearch', 'Livesearch', 'none', 'spaceKey,labels,type,size,placeholder,additional', 'extension'),
  m('loremipsum', 'Lorem Ipsum', 'none', '', 'extension'),
  m('multimedia', 'Multimedia', 'none', 'name,width,height,autostart,page,space', 'extension'),
  m('navmap', 'Navigation Map', 'none', ',wrapAfter,cellWidth,cellHeight,theme', 'none'),
  m('network', 'Network', 'none', 'username,mode,showfollowing,max,theme', 'none'),
  m('noformat', 'Noformat', 'plain', 'nopanel', 'codeBlock (no language)'),
  m('note', 'Note', 'rich', 'title,icon', 'panel (warning, yellow)'),
  m('pagetree', 'Page Tree', 'none', 'root,sort,excerpt,reverse,searchBox,expandCollapseAll,startDepth', 'extension'),
  m('pagetreesearch', 'Page Tree Search', 'none', 'rootPage', 'extension'),
  m('panel', 'Panel', 'rich', 'title,borderStyle,borderColor,borderWidth,bgColor,titleBGColor,titleColor', 'panel (custom)'),
  m('popular-labels', 'Popular Labels', 'none', 'count,spaceKey,style', 'extension'),
  m('profile', 'User Profile', 'none', 'user', 'extension'),
  m('profile-picture', 'Profile Picture', 'none', 'User', 'extension'),
  m('recently-updated', 'Recently Updated', 'none', 'spaces,labels,width,types,max,theme,hideHeading,showProfilePic,author', 'extension'),
  m('recently-updated-dashboard', 'Recently Updated Dashboard', 'none', 'spaces,labels,users,types,maxResults', 'none'),
  m('related-labels', 'Related Labels', 'none', 'labels', 'none'),
  m('roadmap', 'Roadmap Planner', 'none', 'source,hash,title,maplinks,pagelinks,timeline', 'extension'),
  m('rss', 'RSS Feed', 'none', 'url,max,showTitlesOnly', 'none'),
  m('search', 'Search Results', 'none', 'query,maxLimit,spacekey,type,lastModified,contributor', 'none'),
  m('section', 'Section', 'rich', 'border', 'layoutSection'),
  m('space-details', 'Space Details', 'none', 'width', 'extension'),
  m('spaces', 'Spaces List', 'none', 'spaces,width', 'none'),
  m('status', 'Status', 'none', 'colour,title,subtle', 'status'),
  m('tasklist', 'Task List (old)', 'plain', 'title,enableLocking', 'taskList'),
  m('tasks-report-macro', 'Task Report', 'none', 'spaces,pages,labels,status,assignees,creators,createddateFrom,duedateFrom,duedateTo,columns,pageSize,sortBy,reverseSort', 'extension'),
  m('team-calendar', 'Team Calendar', 'none', 'id,title,defaultView,width', 'extension (Premium only)'),
  m('tip', 'Tip', 'rich', 'title,icon', 'panel (success, green)'),
  m('toc', 'Table of Contents', 'none', 'type,outline,style,indent,separator,minLevel,maxLevel,include,exclude,printable,class,absoluteUrl', 'extension (toc)'),
  m('toc-zone', 'Table of Content Zone', 'rich', 'location,type,outline,style,minLevel,maxLevel', 'bodiedExtension'),
  m('unmigrated-inline-wiki-markup', 'Wiki Markup (inline)', 'plain', '', 'none'),
  m('unmigrated-wiki-markup', 'Wiki Markup', 'plain', '', 'none'),
  m('userlister', 'User List', 'none', 'groups,online', 'none'),
  m('view-file', 'View File', 'none', 'name,page,space,height,width', 'mediaGroup (file card)'),
  m('viewdoc', 'Office Word', 'none', 'name,page,space', 'extension'),
  m('viewpdf', 'PDF', 'none', 'name,page,space', 'extension'),
  m('viewppt', 'Office PowerPoint', 'none', 'name,page,space,slide', 'extension'),
  m('viewxls', 'Office Excel', 'none', 'name,page,space,grid,sheets', 'extension'),
  m('warning', 'Warning', 'rich', 'title,icon', 'panel (error, red)'),
  m('widget', 'Widget Connector', 'none', 'url,width,height,overlay', 'embedCard / extension'),
];

const byName = new Map(BUILT_IN_MACROS.map((info) => [info.name, info]));

/** Looks up a built-in macro by storage name. */
export function builtInMacro(name: string): MacroInfo | undefined {
  return byName.get(name);
}

/**
 * Default `legacyMacros` setting: macros that exist only in the legacy editor, each with
 * the Cloud-editor construct that replaces it, or "none: remove or replace".
 */
export const DEFAULT_LEGACY_MACROS: Readonly<Record<string, string>> = {
  column: 'layout column (ac:layout-cell)',
  'content-by-user': 'none: remove or replace',
  'create-space-button': 'none: remove or replace',
  favpages: 'none: remove or replace',
  gallery: 'none: remove or replace (insert the images, or use a file card)',
  'global-reports': 'none: remove or replace',
  html: 'none: remove or replace',
  'html-include': 'none: remove or replace (use a Smart Link or embed)',
  im: 'none: remove or replace',
  index: 'none: remove or replace (use Page Tree)',
  info: 'info panel',
  navmap: 'none: remove or replace (use Content by Label)',
  network: 'none: remove or replace',
  noformat: 'code block without a language',
  note: 'warning panel (yellow)',
  panel: 'custom panel',
  'recently-updated-dashboard': 'none: remove or replace (use Recently Updated)',
  'related-labels': 'none: remove or replace',
  rss: 'none: remove or replace',
  section: 'layout (ac:layout)',
  spaces: 'none: remove or replace',
  tip: 'success panel (green)',
  'unmigrated-inline-wiki-markup': 'none: remove or replace (convert the wiki markup first)',
  'unmigrated-wiki-markup': 'none: remove or replace (convert the wiki markup first)',
  userlister: 'none: remove or replace',
  warning: 'error panel (red)',
};
